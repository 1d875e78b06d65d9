#pragma once
// QR codes for badges (web, SVG) and e-mails (inline PNG), via libqrencode and libpng.
// Error correction level M; UTF-8 text is encoded as 8-bit data. Both functions are pure
// and thread-safe. They return "" when the text cannot be encoded (too long for a QR
// code: over ~2,300 bytes at level M).
#include <string>
#include <string_view>

namespace yingbin::core {

// A compact SVG (one <path>, viewBox in modules, 4-module quiet zone, black on white,
// shape-rendering crispEdges) that scales to any size.
std::string QrSvg(std::string_view text);

// A PNG (8-bit greyscale) with `scale` pixels per module and a 4-module quiet zone.
// REQUIRES: 1 <= scale <= 64.
std::string QrPng(std::string_view text, int scale = 6);

}  // namespace yingbin::core
