package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v60/github"
)

// appTransport finds the App's installation on owner (organization, else user) and
// returns a transport that mints and refreshes its installation tokens.
func (s *Source) appTransport(ctx context.Context, owner string) (http.RoundTripper, error) {
	app := s.opts.App
	atr, err := ghinstallation.NewAppsTransport(s.opts.Transport, app.ID, app.Key)
	if err != nil {
		return nil, fmt.Errorf("GitHub App %d: reading the private key: %w", app.ID, err)
	}
	base := strings.TrimSuffix(s.restURL, "/")
	atr.BaseURL = base
	apps := gh.NewClient(&http.Client{Transport: newTransport(atr, s.opts.InFlight, s.opts.Retry, s.opts.MaxWait, &s.Stats, s.log)})
	u, _ := url.Parse(s.restURL)
	apps.BaseURL = u
	inst, _, err := apps.Apps.FindOrganizationInstallation(ctx, owner)
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == 404 {
		inst, _, err = apps.Apps.FindUserInstallation(ctx, owner)
	}
	if err != nil {
		if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == 404 {
			return nil, fmt.Errorf("GitHub App %d is not installed on %s: install it there with Metadata: read and Contents: read", app.ID, owner)
		}
		return nil, restError(err, fmt.Sprintf("GitHub App %d: finding its installation on %s", app.ID, owner))
	}
	itr := ghinstallation.NewFromAppsTransport(atr, inst.GetID())
	itr.BaseURL = base
	return itr, nil
}
