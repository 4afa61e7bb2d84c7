import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { NAVIGATION } from '../src/site';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Nightscout data plane', template: '%s · Nightscout data plane' }, description: 'Contracts, configuration and guides of the Nightscout server' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/">Nightscout data plane</Link>
          <span>
            <a href="/api-docs">Interactive REST (Swagger UI)</a> · <a href="/api/openapi.json">openapi.json</a> · <a href="/api/asyncapi.json">asyncapi.json</a>
          </span>
        </header>
        <div className="frame">
          <nav className="sidebar" aria-label="Pages">
            {NAVIGATION.map((group) => (
              <section key={group.title}>
                <h2>{group.title}</h2>
                <ul>
                  {group.pages.map((page) => (
                    <li key={page.route}>
                      <Link href={page.route}>{page.title}</Link>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </nav>
          <main>{children}</main>
        </div>
      </body>
    </html>
  );
}
