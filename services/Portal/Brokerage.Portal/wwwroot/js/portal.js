// GOV.UK Frontend's own enhancements; every page works without them.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
