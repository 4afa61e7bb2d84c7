import type { Metadata, Viewport } from 'next';
import { AppShell } from '../src/shell/app-shell';
import './globals.css';

export const metadata: Metadata = { title: 'Nightscout', description: 'Glucose, treatments and alarms of a Nightscout site' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0d1117', colorScheme: 'dark' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
