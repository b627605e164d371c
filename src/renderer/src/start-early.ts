/**
 * Imported first by main.ts, for its side effect: asks for the remembered board's saved copy
 * before Vue, Pinia, SortableJS and the app's components are evaluated (~50–120 ms on two cores),
 * so main reads the file while the page is still starting. ES modules evaluate in import order,
 * so this must stay free of those imports.
 */
import { askEarly } from './services/early-cache'
import { remembered } from './services/last-board'

askEarly(remembered())
