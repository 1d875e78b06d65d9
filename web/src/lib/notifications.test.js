import { describe, it, expect } from 'vitest'
import { topicLabel, BELL_EVENTS, NOTIFY_TOPICS } from './notifications.js'
import { LIVE_TOPICS } from './liveEvents.js'
import { MESSAGES } from '../i18n/index.js'

// A t/te pair over the zh-CN messages, enough for topicLabel.
const get = (key) => key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), MESSAGES['zh-CN'])
const te = (key) => typeof get(key) === 'string'
const t = (key) => get(key)

describe('notifications', () => {
  it('names every topic the preferences offer', () => {
    for (const topic of NOTIFY_TOPICS) expect(topicLabel(t, te, topic), topic).not.toBe(topic)
  })
  it('names a prefix by its topic and leaves unknown topics as they are', () => {
    expect(topicLabel(t, te, 'visit.arrived')).toBe('访客到达')
    expect(topicLabel(t, te, 'notify.test.')).toBe('测试消息')
    expect(topicLabel(t, te, 'meeting.new')).toBe('meeting.new')
  })
  it('the bell hears the desk topics and the inbox topics', () => {
    for (const topic of [...LIVE_TOPICS, ...NOTIFY_TOPICS]) expect(BELL_EVENTS).toContain(topic)
  })
})
