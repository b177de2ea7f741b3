# Reads pilots.csv, pilots.excel.csv, pilots.xlsx and pilots.json of one
# folder with R as a researcher would (readr, readxl, jsonlite), and checks
# that they hold the same table: same columns in order, same rows, integers
# as integers, codes as text, Chinese intact. Prints a one-line summary;
# stops on any difference.
# Usage: Rscript r_check.R <folder> <rows> [<name>], name the files' base
# name: pilots (the default), pioneer-zones, designations.
suppressPackageStartupMessages({
  library(readr)
  library(readxl)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
want_rows <- as.integer(args[2])
base <- if (length(args) > 2) args[3] else "pilots"
path <- function(name) file.path(folder, sub("^pilots", base, name))

types <- cols(batch = "i", seq = "i", latitude = "d", longitude = "d",
              issued_on = "D", .default = "c")
json <- fromJSON(path("pilots.json"))
frames <- list(
  csv = read_csv(path("pilots.csv"), col_types = types, na = ""),
  excel.csv = read_csv(path("pilots.excel.csv"), col_types = types, na = ""),
  json = json
)
if (file.exists(path("pilots.xlsx"))) { # the combined table has none
  frames$xlsx <- read_excel(path("pilots.xlsx"), sheet = base,
                            col_types = ifelse(names(json) %in% c("batch", "seq", "latitude", "longitude"), "numeric",
                                               ifelse(names(json) == "issued_on", "date", "text")))
}

# Every cell as the CSV writes it: text as is, numbers in the shortest form
# that reads back the same, dates as YYYY-MM-DD, missing as "".
cells <- function(df) {
  out <- lapply(df, function(x) {
    v <- if (inherits(x, c("Date", "POSIXct"))) format(x, "%Y-%m-%d")
         else if (is.numeric(x)) as.character(x)
         else x
    ifelse(is.na(v), "", v)
  })
  as.data.frame(out, stringsAsFactors = FALSE, optional = TRUE)
}

base <- cells(frames$csv)
for (name in names(frames)) {
  df <- frames[[name]]
  if (!identical(names(df), names(json))) stop(name, ": columns ", paste(names(df), collapse = ", "))
  if (nrow(df) != want_rows) stop(name, ": ", nrow(df), " rows, want ", want_rows)
  for (col in c("province_code", "division_code")) {
    if (!is.character(df[[col]])) stop(name, ": ", col, " is ", class(df[[col]])[1], ", not text")
  }
  if (name != "xlsx") {
    for (col in c("batch", "seq")) {
      if (!is.integer(df[[col]])) stop(name, ": ", col, " is ", class(df[[col]])[1], ", not integer")
    }
  }
  got <- cells(df)
  if (!identical(got, base)) {
    bad <- which(rowSums(got != base) > 0)[1]
    stop(name, " differs from pilots.csv at row ", bad, ": ",
         paste(got[bad, ], collapse = "|"), " against ", paste(base[bad, ], collapse = "|"))
  }
}
cat(sprintf("ok: %d files, %d rows, first area %s\n", length(frames), want_rows, frames$csv$area[1]))
