#include "core/qr.hpp"

#include <png.h>
#include <qrencode.h>

#include <memory>
#include <vector>

namespace yingbin::core {
namespace {

constexpr int kQuietZone = 4;

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
using QrPtr = std::unique_ptr<QRcode, QrDeleter>;

QrPtr Encode(std::string_view text) {
  // QRcode_encodeData takes a length, so the text needs no NUL terminator and may hold any
  // bytes; version 0 = the smallest that fits.
  return QrPtr(QRcode_encodeData(static_cast<int>(text.size()),
                                 reinterpret_cast<const unsigned char*>(text.data()), 0,
                                 QR_ECLEVEL_M));
}

bool Dark(const QRcode& q, int x, int y) { return (q.data[y * q.width + x] & 1) != 0; }

void AppendPng(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

}  // namespace

std::string QrSvg(std::string_view text) {
  QrPtr q = Encode(text);
  if (!q) return {};
  const int size = q->width + 2 * kQuietZone;
  std::string path;
  // One horizontal run of dark modules per "M x y h n v1 h-n z" segment keeps it small.
  for (int y = 0; y < q->width; ++y) {
    for (int x = 0; x < q->width;) {
      if (!Dark(*q, x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < q->width && Dark(*q, x + run, y)) ++run;
      path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  const std::string n = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

std::string QrPng(std::string_view text, int scale) {
  if (scale < 1 || scale > 64) return {};
  QrPtr q = Encode(text);
  if (!q) return {};
  const int pixels = (q->width + 2 * kQuietZone) * scale;

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return {};
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return {};
  }
  std::string out;
  std::vector<png_byte> row(static_cast<size_t>(pixels));
  // libpng reports errors by longjmp; nothing with a destructor is created below this point.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, AppendPng, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(pixels), static_cast<png_uint_32>(pixels), 8,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int py = 0; py < pixels; ++py) {
    const int y = py / scale - kQuietZone;
    for (int px = 0; px < pixels; ++px) {
      const int x = px / scale - kQuietZone;
      const bool inside = x >= 0 && y >= 0 && x < q->width && y < q->width;
      row[static_cast<size_t>(px)] = inside && Dark(*q, x, y) ? 0 : 255;
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace yingbin::core
