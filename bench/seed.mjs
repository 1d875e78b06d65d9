// Signs in and creates 20 departments with 100 staff each through the API (as a user
// would), then prints {"cookie": "..."} for wrk.
const [url, username, password] = process.argv.slice(2);
const surnames = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

async function main() {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  const post = async (path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  for (let d = 0; d < 20; d++) {
    const dept = await post('/departments', { name: `部门${d + 1}` });
    const batch = [];
    for (let i = 0; i < 100; i++) {
      const n = d * 100 + i;
      batch.push(post('/staff', {
        name: surnames[n % 20] + given[(n * 7) % 20] + (n % 3 === 0 ? given[(n * 3) % 20] : ''),
        department_id: dept.id, title: '职员', rank: 1 + (n % 20), extension: String(8000 + n),
      }));
      if (batch.length === 8) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
  }
  console.log(JSON.stringify({ cookie }));
}
main().catch((e) => { console.error(e); process.exit(1); });
