"""validating"""
