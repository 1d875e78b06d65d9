#include "notify/email.hpp"

#include <sodium.h>

#include <cstring>
#include <ctime>

#include "notify/curl_util.hpp"

namespace yingbin::notify {
namespace {

constexpr long kTimeoutMs = 60000;
constexpr long kConnectTimeoutMs = 10000;

std::string B64(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);
  return out;
}

// Base64 body in lines of 76 characters (RFC 2045).
std::string B64Body(std::string_view bytes) {
  std::string b = B64(bytes), out;
  for (size_t i = 0; i < b.size(); i += 76) out.append(b, i, 76).append("\r\n");
  return out;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c == '\r' || c == '\n') return false;
  return true;
}

std::string RfcDate(int64_t now_ms) {
  std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string Mailbox(std::string_view mailbox) {
  std::string addr = AddressOf(mailbox);
  size_t lt = mailbox.find('<');
  if (lt == std::string_view::npos) return addr;
  std::string_view name = mailbox.substr(0, lt);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty()) return "<" + addr + ">";
  return EncodeHeaderText(name) + " <" + addr + ">";
}

// The METHOD of an iCalendar object ("REQUEST"), "" when it has none or a strange one.
std::string CalendarMethod(std::string_view ics) {
  size_t at = ics.find("\nMETHOD:");
  if (at == std::string_view::npos) return {};
  at += 8;
  std::string out;
  while (at < ics.size() && ((ics[at] >= 'A' && ics[at] <= 'Z') || ics[at] == '-'))
    out += ics[at++];
  return out;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  size_t room = size * n;
  size_t left = up->data->size() - up->pos;
  size_t take = left < room ? left : room;
  std::memcpy(buffer, up->data->data() + up->pos, take);
  up->pos += take;
  return take;
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  // Each encoded word holds at most 45 bytes (60 base64 characters + 12 of framing), cut
  // between UTF-8 sequences so every word decodes on its own (RFC 2047 section 5).
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    std::string chunk(text.substr(i, end - i));
    for (auto& ch : chunk)
      if (ch == '\r' || ch == '\n') ch = ' ';
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + B64(chunk) + "?=";
    i = end;
  }
  return out;
}

std::string AddressOf(std::string_view mailbox) {
  size_t lt = mailbox.find('<');
  size_t gt = mailbox.rfind('>');
  if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt)
    mailbox = mailbox.substr(lt + 1, gt - lt - 1);
  while (!mailbox.empty() && mailbox.front() == ' ') mailbox.remove_prefix(1);
  while (!mailbox.empty() && mailbox.back() == ' ') mailbox.remove_suffix(1);
  return std::string(mailbox);
}

std::string TextToHtml(std::string_view subject, std::string_view text) {
  auto escape = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\n':
          out += "<br>\n";
          break;
        default:
          out += c;
      }
    }
    return out;
  };
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(subject) +
         "</title></head>\n<body style=\"font-family:sans-serif\">\n<h2>" + escape(subject) +
         "</h2>\n<p>" + escape(text) + "</p>\n</body></html>\n";
}

std::string BuildMime(const EmailContent& c) {
  const std::string alt = "yb-alt-" + c.id;
  const std::string rel = "yb-rel-" + c.id;
  const std::string mix = "yb-mix-" + c.id;
  const bool qr = !c.qr_png.empty();
  const bool cal = !c.calendar.empty();
  const std::string method = CalendarMethod(c.calendar);
  std::string html = c.html.empty() ? TextToHtml(c.subject, c.text) : c.html;
  if (qr && html.find("cid:qr") == std::string::npos) {
    const std::string img =
        "<p><img src=\"cid:qr\" alt=\"" + c.qr_alt + "\" width=\"200\" height=\"200\"></p>\n";
    size_t body_end = html.rfind("</body>");
    if (body_end == std::string::npos)
      html += img;
    else
      html.insert(body_end, img);
  }
  const std::string from_addr = AddressOf(c.from);
  const std::string domain = from_addr.find('@') == std::string::npos
                                 ? "yingbin"
                                 : from_addr.substr(from_addr.find('@') + 1);

  std::string m;
  m += "From: " + Mailbox(c.from) + "\r\n";
  m += "To: <" + AddressOf(c.to) + ">\r\n";
  m += "Subject: " + EncodeHeaderText(c.subject) + "\r\n";
  m += "Date: " + RfcDate(c.now_ms) + "\r\n";
  m += "Message-ID: <" + c.id + "@" + domain + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  if (cal) {
    m += "Content-Type: multipart/mixed; boundary=\"" + mix + "\"\r\n\r\n";
    m += "--" + mix + "\r\n";
  }
  if (qr) {
    m += "Content-Type: multipart/related; type=\"multipart/alternative\"; boundary=\"" + rel +
         "\"\r\n\r\n";
    m += "--" + rel + "\r\n";
  }
  m += "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
  m += "--" + alt + "\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += B64Body(c.text);
  m += "--" + alt + "\r\n";
  m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += B64Body(html);
  if (cal) {
    // RFC 6047: the invitation itself, the part calendar-aware clients act on.
    m += "--" + alt + "\r\n";
    m += "Content-Type: text/calendar; charset=UTF-8";
    if (!method.empty()) m += "; method=" + method;
    m += "\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += B64Body(c.calendar);
  }
  m += "--" + alt + "--\r\n";
  if (qr) {
    m += "--" + rel + "\r\n";
    m += "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n";
    m += "Content-ID: <qr>\r\nContent-Disposition: inline; filename=\"qr.png\"\r\n\r\n";
    m += B64Body(c.qr_png);
    m += "--" + rel + "--\r\n";
  }
  if (cal) {
    // The same object as a file, for clients that only offer attachments.
    m += "--" + mix + "\r\n";
    m += "Content-Type: application/ics; name=\"invite.ics\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "Content-Disposition: attachment; filename=\"invite.ics\"\r\n\r\n";
    m += B64Body(c.calendar);
    m += "--" + mix + "--\r\n";
  }
  return m;
}

std::string SendEmail(const NotifyOptions& options, const std::string& to, const std::string& mime,
                      const std::atomic<bool>* cancel) {
  EnsureCurl();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return "curl init failed";
  const std::string from = "<" + AddressOf(options.smtp_from) + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + AddressOf(to) + ">").c_str());
  Upload up{&mime};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, options.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!options.smtp_user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options.smtp_user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options.smtp_password.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  SetCancel(curl, cancel);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return std::string("smtp: ") + (error[0] ? error : curl_easy_strerror(rc));
  return {};
}

}  // namespace yingbin::notify
