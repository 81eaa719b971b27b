"""Imported by a cleaning workers' server in a test: a cleaning stack as slow to import as
on a slow machine."""

import time

time.sleep(2)
