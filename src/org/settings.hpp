#pragma once
// Administrator-editable settings. Every number in a DOMAIN.md rule is the default of a
// setting here, never a constant in code (brief). A setting is an integer with a default,
// a range and the rule it belongs to; a missing row in table `settings` means the default.
// A few rules give a text instead (TEL-1's greeting, TEL-4's reply to sales calls): those
// settings have unit "text", a default text, and min/max bound its length in characters.
// Thread-safe (no state of its own).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "org/approvals.hpp"

namespace yingbin::org {

struct SettingDef {
  std::string_view key;    // "visits.notify_before_minutes"
  int64_t default_value;
  int64_t min, max;
  std::string_view unit;   // "minutes", "days", "per_minute", "count"
  std::string_view rule;   // "VIS-4"
  // DATA-5: a change takes two administrators (org/approvals.hpp) instead of one.
  bool two_person = false;
  std::string_view default_text = {};  // text settings only

  bool IsText() const { return unit == "text"; }
};

// Every known setting, in display order.
const std::vector<SettingDef>& SettingDefs();
const SettingDef* FindSetting(std::string_view key);

struct SettingValue {
  const SettingDef* def = nullptr;
  int64_t value = 0;
  std::string text;  // text settings
  bool is_default = true;
  std::optional<int64_t> updated_at;
};

// The value of `key` (the default when unset). REQUIRES: key is known (a typo in code is a
// broken invariant: kInternal).
core::Result<int64_t> GetSetting(db::Connection& c, std::string_view key);
core::Result<int64_t> GetSetting(db::Pool& pool, std::string_view key);
// The value of a text setting (its default text when unset). REQUIRES: key is a known
// text setting (kInternal otherwise).
core::Result<std::string> GetTextSetting(db::Connection& c, std::string_view key);
core::Result<std::vector<SettingValue>> ListSettings(db::Pool& pool);
// Sets one value, audited with the reason. Errors: kNotFound for an unknown key;
// kInvalidArgument validation.out_of_range on "value".
// REQUIRES: the setting is not two_person (those go through RequestSettingChange).
core::Result<SettingValue> PutSetting(db::Pool& pool, const auth::Principal& actor, int64_t now,
                                      std::string_view key, int64_t value,
                                      const std::string& reason);

// Sets a text setting. Errors: kNotFound for an unknown key; kInvalidArgument on "value"
// (validation.required / validation.too_long / validation.control_chars).
// REQUIRES: the setting is a text setting (kInternal otherwise).
core::Result<SettingValue> PutTextSetting(db::Pool& pool, const auth::Principal& actor,
                                          int64_t now, std::string_view key,
                                          const std::string& text, const std::string& reason);

// For a two_person setting: validates the value and opens an approval request that a
// second administrator approves (then the value is set) or rejects. Answers the request.
core::Result<Approval> RequestSettingChange(db::Pool& pool, const auth::Principal& actor,
                                            int64_t now, std::string_view key, int64_t value,
                                            const std::string& reason);

// Registers how an approved setting change is applied (call once at start-up).
void RegisterSettingApprovals();

}  // namespace yingbin::org
