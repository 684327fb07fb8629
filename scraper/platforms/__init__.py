"""Platform families: one base spider per CMS, configured by the registry."""
