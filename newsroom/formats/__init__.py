"""The site's own date formats per language (``FORMAT_MODULE_PATH``); what
a module leaves out comes from Django's locale formats."""
