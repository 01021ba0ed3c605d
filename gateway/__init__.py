"""The gateway process: configuration, the HTTP app, the server and the CLI."""
