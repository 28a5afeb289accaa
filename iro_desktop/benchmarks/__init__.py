"""The pieces of ``python -m iro_desktop.bench``: building realistic vaults, and one module per
group of figures. Nothing here asserts anything; each function returns figures for the JSON."""
