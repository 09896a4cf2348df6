"""The course's machinery: what runs the notebooks, as opposed to what they build."""
