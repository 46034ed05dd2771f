// Swagger UI for this server's own OpenAPI document, served by Pulse from the swagger-ui WebJar (nothing is loaded
// from elsewhere). The page is /openapi/ui, so "../openapi" is the document next to it, wherever the server is
// mounted; the document's server URL is relative too, so "Try it out" calls this same server. "Authorize" takes the
// API token (X-AUTH-TOKEN header, query parameter or Bearer), kept for this browser tab only.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: new URL("../openapi", window.location.href).toString(),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No request to the public validator service: this page must work without internet access.
    validatorUrl: null,
    persistAuthorization: false,
    tryItOutEnabled: false
  });
});
