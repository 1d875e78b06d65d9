#include <cassert>
#include <charconv>
#include <string>

#include "db/db.hpp"

namespace yingbin::db {
namespace {

const Value* At(const Rows& r, size_t row, size_t col) {
  if (row >= r.rows.size() || col >= r.rows[row].size()) return nullptr;
  return &r.rows[row][col];
}

int64_t ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && p == s.data() + s.size()) return v;
  // "12.0" or "1e3" from a NUMERIC column: go through double.
  double d = 0;
  auto [pd, ecd] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ecd == std::errc() && pd == s.data() + s.size()) return static_cast<int64_t>(d);
  return 0;
}

double ParseReal(const std::string& s) {
  double d = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  return ec == std::errc() ? d : 0.0;
}

std::string FormatReal(double d) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, p) : std::string();
}

}  // namespace

size_t Rows::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  assert(false && "Rows::ColumnIndex: no such column");
  return columns.size();  // reads as NULL in release builds
}

int64_t Rows::Int(size_t row, size_t col) const {
  const Value* v = At(*this, row, col);
  if (!v) return 0;
  if (auto* i = std::get_if<int64_t>(v)) return *i;
  if (auto* d = std::get_if<double>(v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(v)) return ParseInt(*s);
  return 0;
}

int64_t Rows::Int(size_t row, std::string_view col) const { return Int(row, ColumnIndex(col)); }

double Rows::Real(size_t row, size_t col) const {
  const Value* v = At(*this, row, col);
  if (!v) return 0;
  if (auto* d = std::get_if<double>(v)) return *d;
  if (auto* i = std::get_if<int64_t>(v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(v)) return ParseReal(*s);
  return 0;
}

std::string Rows::Text(size_t row, size_t col) const {
  const Value* v = At(*this, row, col);
  if (!v) return {};
  if (auto* s = std::get_if<std::string>(v)) return *s;
  if (auto* i = std::get_if<int64_t>(v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(v)) return FormatReal(*d);
  return {};
}

std::string Rows::Text(size_t row, std::string_view col) const {
  return Text(row, ColumnIndex(col));
}

bool Rows::IsNull(size_t row, size_t col) const {
  const Value* v = At(*this, row, col);
  return !v || std::holds_alternative<std::monostate>(*v);
}

bool Rows::IsNull(size_t row, std::string_view col) const { return IsNull(row, ColumnIndex(col)); }

std::optional<int64_t> Rows::OptInt(size_t row, std::string_view col) const {
  size_t c = ColumnIndex(col);
  if (IsNull(row, c)) return std::nullopt;
  return Int(row, c);
}

std::optional<std::string> Rows::OptText(size_t row, std::string_view col) const {
  size_t c = ColumnIndex(col);
  if (IsNull(row, c)) return std::nullopt;
  return Text(row, c);
}

}  // namespace yingbin::db
