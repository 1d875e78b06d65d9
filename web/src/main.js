import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import { i18n, currentLang, setLang } from './i18n/index.js'
import { router } from './router/index.js'
import { configure } from './api/client.js'
import { useSessionStore } from './stores/session.js'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
for (const [name, comp] of Object.entries(Icons)) app.component(`Icon${name}`, comp)

configure({
  lang: currentLang,
  networkMessage: () => i18n.global.t('common.networkError'),
  // A 401 on any call means the session ended: forget it and go to the sign-in page.
  onUnauthenticated: () => {
    useSessionStore().clear()
    const cur = router.currentRoute.value
    if (cur.name !== 'login') {
      router.push({ name: 'login', query: { redirect: cur.fullPath, expired: '1' } })
    }
  },
})

setLang(currentLang())
app.use(router)
app.mount('#app')
