"""jirga: verifiable counter-terrorism cooperation between states.

Importing the package does no work; build things with `jirga.store.open_store`,
`jirga.web.app.create_app` and the service functions of each domain package.
"""

__version__ = "0.1.0"
