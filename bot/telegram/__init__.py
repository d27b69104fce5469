"""The Telegram front end: the Application, its typed context, HTML rendering, access, ``briefbot run``."""
