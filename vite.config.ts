import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { doorstepDev } from './server/vite-plugin';

export default defineConfig({
  plugins: [sveltekit(), doorstepDev()],
  build: { target: 'es2022' }
});
