// Swagger UI over the local OpenAPI document: every asset is served by luocdo itself.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
});
