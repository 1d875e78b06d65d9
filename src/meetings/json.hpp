#pragma once
// JSON shapes of the meeting service (routes and audit rows).
#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "meetings/model.hpp"

namespace yingbin::meetings {

api::Json ServicesJson(const std::vector<ServiceItem>& items);
api::Json AttendeesJson(const std::vector<Attendee>& list);
api::Json MeetingJson(const Meeting& m);
// The calendar's block: what a grid cell shows.
api::Json BlockJson(const Meeting& m);
api::Json RoomJson(const Room& r);
api::Json RecurrenceJson(const Recurrence& r);
// The same block and room written straight to text (the calendar answers thousands).
void WriteBlock(api::JsonWriter& w, const Meeting& m);
void WriteRoom(api::JsonWriter& w, const Room& r);

}  // namespace yingbin::meetings
