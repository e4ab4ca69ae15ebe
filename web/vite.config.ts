import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

declare const process: { env: Record<string, string | undefined> };

// The app is served under /app/ (by the dev server and by CloudFront), so client-side routes never clash
// with API paths such as /courses. The built app reads /app/config.json at run time; `npm run dev`
// (Vite's own server, for working on the UI) answers it here, pointing at a running `make dev`.
const devConfig = (): Plugin => ({
  name: "karmayogi-dev-config",
  configureServer(server) {
    server.middlewares.use("/app/config.json", (_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ apiBaseUrl: process.env.KARMAYOGI_API ?? "http://127.0.0.1:3000" }));
    });
  },
});

const THEME = "#12365f";

export default defineConfig({
  base: "/app/",
  plugins: [
    devConfig(),
    // An installable PWA: the manifest below and a service worker of our own (src/sw.ts: the app shell
    // precached by Workbox, downloaded media for offline playback, Web Push), built by vite-plugin-pwa's
    // injectManifest strategy into dist/sw.js, scoped to /app/. The app registers it itself (src/pwa.ts).
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      scope: "/app/",
      base: "/app/",
      injectRegister: false,
      manifestFilename: "manifest.webmanifest",
      includeAssets: ["icons/apple-touch-icon.png"],
      manifest: {
        id: "/app/",
        name: "Karmayogi — learning for India's civil servants",
        short_name: "Karmayogi",
        description: "Courses, events and competencies for India's civil servants, also offline.",
        lang: "en",
        dir: "ltr",
        start_url: "/app/",
        scope: "/app/",
        display: "standalone",
        orientation: "any",
        theme_color: THEME,
        background_color: "#ffffff",
        categories: ["education", "productivity"],
        icons: [
          { src: "icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
          { src: "icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        // The shell: scripts (hls.js, pdf.js and its worker, scorm-again included: the players open
        // offline), styles, the entry page and the icons.
        globPatterns: ["**/*.{js,mjs,css,html,png,webmanifest}"],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, target: "es2022" },
});
