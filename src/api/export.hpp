#pragma once
// Exports of lists for spreadsheets (DESIGN.md "reports/": CSV with BOM, XLSX), shared by
// the modules' log pages. A Table is plain text cells; columns named numeric are written
// as numbers. Both forms guard against formula injection: a CSV cell that starts with
// = + - @ is prefixed with ', and XLSX cells are written as strings, never as formulas.
// Thread-safe (no state).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/response.hpp"

namespace yingbin::api {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as header
  std::vector<size_t> numeric_columns;         // integer columns (unquoted, numbers in XLSX)
};

// One CSV cell, always quoted.
std::string CsvField(std::string_view s);
// The table as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF line ends.
std::string ToCsv(const Table& t);
// The table as an XLSX workbook with one sheet (bold header row, frozen). Errors: kInternal
// when libxlsxwriter fails.
core::Result<std::string> ToXlsx(const Table& t, const std::string& sheet_name);

// Download answers with Content-Disposition: attachment; filename="<filename>".
http::Response CsvResponse(const Table& t, const std::string& filename);
http::Response XlsxResponse(std::string bytes, const std::string& filename);

}  // namespace yingbin::api
