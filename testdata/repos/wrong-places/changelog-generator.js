console.log("changelog");
