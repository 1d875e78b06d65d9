#pragma once
// JSON shapes of the meeting service (routes and audit rows).
#include "api/json.hpp"
#include "meetings/model.hpp"

namespace yingbin::meetings {

api::Json ServicesJson(const std::vector<ServiceItem>& items);
api::Json AttendeesJson(const std::vector<Attendee>& list);
api::Json MeetingJson(const Meeting& m);
// The calendar's block: what a grid cell shows.
api::Json BlockJson(const Meeting& m);
api::Json RoomJson(const Room& r);
api::Json RecurrenceJson(const Recurrence& r);

}  // namespace yingbin::meetings
