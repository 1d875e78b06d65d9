// Feature modules' messages: each file exports { 'zh-CN': {...}, 'zh-TW': {...}, en: {...} }
// with its own top-level sections. Add a new module's file here.
import kiosk from './kiosk.js'
import booking from './booking.js'
import visitLog from './visitLog.js'
import receptionAdmin from './receptionAdmin.js'
import approvals from './approvals.js'
import calls from './calls.js'
import mail from './mail.js'
import roster from './roster.js'
import meetings from './meetings.js'
import complaints from './complaints.js'
import receptions from './receptions.js'
import conferences from './conferences.js'
import complaintCare from './complaintCare.js'
import receptionExecution from './receptionExecution.js'

export const MODULES = [kiosk, booking, visitLog, receptionAdmin, approvals, calls, mail, roster, meetings, complaints, receptions, conferences, complaintCare, receptionExecution]
