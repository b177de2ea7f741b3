# Reads a pilots.geojson with R's sf, as a GIS user would, checks that it
# is a layer of points in WGS 84 (EPSG:4326) whose codes are text and batch
# and seq integers, and writes it to stdout as
# CSV: the point's X (longitude) and Y (latitude), empty for a feature
# without a point, then every attribute, for the test to compare with
# pilots.csv.
# Usage: Rscript sf_check.R <pilots.geojson>
suppressPackageStartupMessages(library(sf))
x <- st_read(commandArgs(trailingOnly = TRUE)[1], quiet = TRUE)
if (!identical(st_crs(x)$epsg, 4326L)) stop("CRS ", st_crs(x)$input)
if (!inherits(st_geometry(x), "sfc_POINT")) stop("geometries ", class(st_geometry(x))[1])
for (col in c("province_code", "division_code")) {
  if (!is.character(x[[col]])) stop(col, " is ", class(x[[col]])[1], ", not text")
}
for (col in c("batch", "seq")) {
  if (!is.integer(x[[col]])) stop(col, " is ", class(x[[col]])[1], ", not integer")
}
empty <- st_is_empty(x)
xy <- matrix(NA_real_, nrow(x), 2)
xy[!empty, ] <- st_coordinates(x[!empty, ])
table <- cbind(data.frame(X = xy[, 1], Y = xy[, 2]), st_drop_geometry(x))
write.csv(table, stdout(), row.names = FALSE, na = "")
