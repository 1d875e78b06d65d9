#pragma once
// PLAN-7: the documents of a reception that leave the browser's print pages: the itinerary
// as an iCalendar file for the staff (one VEVENT per item, in the site's time zone), and a
// staff member's reception items for their calendar feed. The printed tables (staff
// arrangement, schedule, budget, summary) are pages of the web app over GetExecution.
#include <cstdint>
#include <string>
#include <vector>

#include "meetings/ics.hpp"
#include "receptions/service.hpp"

namespace yingbin::receptions {

// The itinerary as a VCALENDAR (METHOD:PUBLISH): one event per item, UID
// "reception-item-<id>@yingbin", SEQUENCE the plan's version, with the place, the vehicle,
// the people on duty and the notes. Errors: kNotFound; kForbidden error.out_of_scope.
Result<std::string> ItineraryIcs(const Ctx& c, int64_t id);

// The items of approved, in-progress and completed receptions in [from, to) where one of
// `staff_ids` is on duty (as the main host, a role's A or B, or accompanying), as events for
// the calendar feed (meetings::Feed).
Result<std::vector<meetings::ics::Event>> FeedEvents(db::Connection& c,
                                                     const std::vector<int64_t>& staff_ids,
                                                     int64_t from, int64_t to, int64_t now);

// Adds FeedEvents to the calendar feed (meetings::AddFeedSource), once per process.
void RegisterFeedSource();

}  // namespace yingbin::receptions
