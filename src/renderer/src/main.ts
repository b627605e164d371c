import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import './styles/theme.css'
import { askEarly } from './services/early-cache'
import { remembered } from './stores/boards'

askEarly(remembered())
createApp(App).use(createPinia()).mount('#app')
