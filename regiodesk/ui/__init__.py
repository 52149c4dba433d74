"""The Qt window of regiodesk. The only package (with ``regiodesk/app.py``) that imports Qt."""
