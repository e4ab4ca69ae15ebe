import { defineConfig, type Plugin } from "vite";

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

export default defineConfig({
  base: "/app/",
  plugins: [devConfig()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, target: "es2022" },
});
