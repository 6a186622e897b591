"""The Qt layer of compdesk."""
