#pragma once
// JSON shapes of the org objects (docs/api-v1.md: Site, Department, Staff, Venue,
// Calendar). Also used for the before/after images in the audit log.
#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "org/model.hpp"
#include "org/service.hpp"

namespace yingbin::org {

api::Json PeriodsJson(const std::vector<core::Period>& periods);
api::Json SiteJson(const Site& s);
api::Json DepartmentJson(const Department& d);
api::Json StaffJson(const Staff& s);
void WriteStaff(api::JsonWriter& w, const Staff& s);
api::Json VenueJson(const Venue& v);
api::Json CalendarDayJson(const CalendarDay& d);
api::Json CalendarJson(const Calendar& c);

// Reads "desk_hours": [{"start":"08:30","end":"11:30"}, ...] from a request object.
// Errors on "desk_hours": validation.type_array, validation.time_of_day,
// validation.period_order.
core::Result<std::vector<core::Period>> ReadDeskHours(const api::Json& body);

}  // namespace yingbin::org
