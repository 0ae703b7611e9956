// @ts-check
/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Webshop operations',
  url: 'https://ops.example.com',
  baseUrl: '/',
  presets: [
    ['classic', { docs: { routeBasePath: '/', sidebarPath: './sidebars.js' }, blog: false }],
  ],
};
module.exports = config;
