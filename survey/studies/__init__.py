"""Studies: creating them from instruments, listing them, the demo study (CLI group `study`)."""
