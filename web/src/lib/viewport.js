import { ref } from 'vue'

// One reactive view of the window width shared by the layout and pages.
// Narrow (< 992 px: phones and portrait tablets) folds the side menu into a drawer.
export const width = ref(typeof window !== 'undefined' ? window.innerWidth : 1920)
if (typeof window !== 'undefined') {
  window.addEventListener('resize', () => {
    width.value = window.innerWidth
  })
}
export const NARROW = 992
export const PHONE = 640

import { computed } from 'vue'
export const isNarrow = computed(() => width.value < NARROW)
export const isPhone = computed(() => width.value < PHONE)
