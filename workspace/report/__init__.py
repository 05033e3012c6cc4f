"""The co-edited review report: template sections, merging saves, history, comments."""
