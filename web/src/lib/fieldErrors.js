import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'

// useFieldErrors maps an ApiError onto a form: when error.field names one of the form's
// fields, that el-form-item shows the message (bind :error="fe.errors.<field>");
// otherwise the message appears in the form's alert (bind fe.general).
export function useFieldErrors() {
  const errors = reactive({})
  const general = ref('')
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
    general.value = ''
  }
  function apply(err, fields = []) {
    clear()
    const field = err?.field ? String(err.field).split(/[.[]/)[0] : null
    if (field && fields.includes(field)) {
      errors[field] = err.message
    } else {
      general.value = err?.message || String(err)
    }
  }
  return { errors, general, clear, apply }
}

// toastError shows an API error outside a form.
export function toastError(err) {
  ElMessage({ type: 'error', message: err?.message || String(err), grouping: true, showClose: true })
}
