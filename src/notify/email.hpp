#pragma once
// The e-mail channel: SMTP through libcurl (smtp:// with STARTTLS when offered and
// credentials are set, or smtps://). Messages are MIME multipart/alternative (text + HTML,
// UTF-8, base64 bodies, RFC 2047 encoded headers so Chinese subjects survive every
// client); with a QR code the whole is multipart/related with the PNG inline as cid:qr;
// with a calendar object the alternative gains a text/calendar part (an invitation) and the
// whole is multipart/mixed with the same object attached as invite.ics.
// BuildMime is pure (tested in email_test.cpp); SendEmail does I/O.
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "notify/options.hpp"

namespace yingbin::notify {

struct EmailContent {
  std::string from;  // "addr" or "Name <addr>"
  std::string to;    // one address
  std::string subject;
  std::string text;    // plain text body
  std::string html;    // HTML body; "" = made from `text`
  std::string qr_png;  // PNG bytes of an inline QR code; "" = none
  std::string qr_alt;  // alt text of the QR image
  int64_t now_ms = 0;  // the Date header
  std::string id;      // unique part of Message-ID and of the MIME boundaries
  // An iCalendar object (RFC 5545) sent as a third alternative, text/calendar with the
  // object's METHOD as the method parameter (RFC 6047), and as an invite.ics attachment;
  // "" = none.
  std::string calendar;
};

// The whole message (headers + body) with CRLF line ends.
std::string BuildMime(const EmailContent& c);

// "=?UTF-8?B?...?=" words for non-ASCII text (split so no word exceeds 75 characters);
// ASCII text unchanged.
std::string EncodeHeaderText(std::string_view text);
// The bare address of "Name <addr>" or "addr".
std::string AddressOf(std::string_view mailbox);
// Plain text as a small HTML document (escaped, line breaks kept).
std::string TextToHtml(std::string_view subject, std::string_view text);

// Sends `mime` to `to` through options.smtp_url. Returns "" on success, else the error.
// REQUIRES: !options.smtp_url.empty().
std::string SendEmail(const NotifyOptions& options, const std::string& to, const std::string& mime,
                      const std::atomic<bool>* cancel);

}  // namespace yingbin::notify
