"""Portal wire protocols as spider bases: JSON list APIs, REST detail bodies, rendered pages."""
