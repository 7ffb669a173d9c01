import { defineConfig } from "vite";

// The page is static: everything it needs (the policies, their example claims, the engine's
// .wasm) is bundled at build time, so `web/dist` can be served from any path on 127.0.0.1.
export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // The .wasm is a file of its own (fetched from the same origin), never inlined as base64.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  // The redline's worker imports the engine's ES module (its glue reads `import.meta.url`).
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1", port: 4173 },
});
