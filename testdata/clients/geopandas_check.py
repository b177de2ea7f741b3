"""Reads a pilots.geojson with geopandas, as a GIS user would, checks that
it is a layer of points in WGS 84 (EPSG:4326) whose codes are text and
batch and seq integers, and writes it to stdout as
CSV: the point's X (longitude) and Y (latitude), empty for a feature
without a point, then every attribute, for the test to compare with
pilots.csv."""
import sys

import geopandas as gpd

g = gpd.read_file(sys.argv[1])
assert g.crs is not None and g.crs.to_epsg() == 4326, f"CRS {g.crs}"
points = g.geometry.dropna()
assert (points.geom_type == "Point").all(), f"geometries {set(points.geom_type)}"
for col, kind in {"batch": "int64", "seq": "int64", "province_code": "object", "division_code": "object"}.items():
    assert str(g[col].dtype) == kind, f"{col} is {g[col].dtype}, want {kind}"
table = g.drop(columns="geometry")
table.insert(0, "Y", g.geometry.y)
table.insert(0, "X", g.geometry.x)
table.to_csv(sys.stdout, index=False)
