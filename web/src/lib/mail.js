// Helpers of the mail desk (pages/mail): the carrier a tracking number belongs to, the
// recipient search over staff and departments, and photos made small enough to send.

// guessCarrier names the carrier of a tracking number when its letters give it away
// (SF… 顺丰, JD… 京东, YT… 圆通, JT… 极兔, DPK… 德邦, and the UPU S10 form "EA123456789CN":
// E… EMS, others 中国邮政). Digits-only numbers are not guessed: several carriers share them.
export function guessCarrier(tracking) {
  const t = String(tracking || '').toUpperCase().replace(/[\s-]/g, '')
  if (/^SF\d{10,15}$/.test(t)) return '顺丰'
  if (/^JD[A-Z]?\d{9,15}$/.test(t)) return '京东'
  if (/^YT\d{10,15}$/.test(t)) return '圆通'
  if (/^JT\d{10,15}$/.test(t)) return '极兔'
  if (/^DPK\d{9,15}$/.test(t)) return '德邦'
  if (/^[A-Z]{2}\d{9}CN$/.test(t)) return t.startsWith('E') ? 'EMS' : '中国邮政'
  return ''
}

// matchDepartments keeps the departments whose name contains the query (script and case
// as typed; the server's staff search handles pinyin initials for people).
export function matchDepartments(departments, q, limit = 5) {
  const needle = String(q || '').trim().toLowerCase()
  if (!needle) return []
  return departments.filter((d) => d.name.toLowerCase().includes(needle)).slice(0, limit)
}

// sameName: the collector is the recipient (spaces and case ignored), else it is a proxy
// pickup the recipient will be told about. The server decides for good (it also folds
// traditional script); this only shows the hint.
export function sameName(a, b) {
  const k = (s) => String(s || '').replace(/\s+/g, '').toLowerCase()
  return k(a) !== '' && k(a) === k(b)
}

// shrinkImage reads an image file and answers a JPEG data URL at most `maxSide` pixels on
// its longer side, so that a phone photo of several MB goes to the server in a few
// hundred KB (below the mail.photo_max_kb setting, 600 KB by default: a busy picture that
// stays larger is made smaller again). Errors reject (not an image the browser can read).
export async function shrinkImage(file, maxSide = 1600, quality = 0.85) {
  let url = await drawScaled(file, maxSide, quality)
  // base64 is 4/3 of the bytes: 560 000 characters are about 420 KB.
  if (url.length > 560000) url = await drawScaled(file, 1200, 0.7)
  return url
}

function drawScaled(file, maxSide, quality) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file)
    const img = new Image()
    img.onload = () => {
      const scale = Math.min(1, maxSide / Math.max(img.naturalWidth, img.naturalHeight))
      const canvas = document.createElement('canvas')
      canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
      canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
      const ctx = canvas.getContext('2d')
      ctx.fillStyle = '#fff'
      ctx.fillRect(0, 0, canvas.width, canvas.height)
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
      URL.revokeObjectURL(url)
      resolve(canvas.toDataURL('image/jpeg', quality))
    }
    img.onerror = () => {
      URL.revokeObjectURL(url)
      reject(new Error('not an image'))
    }
    img.src = url
  })
}

// yuan shows an amount in fen as yuan with two decimals ("480.00").
export function yuan(fen) {
  const n = Number(fen || 0)
  return (n / 100).toFixed(2)
}
