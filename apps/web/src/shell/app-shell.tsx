'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { AlarmBanners } from '../alarms/alarm-banners';
import { ConnectionIndicator } from '../live/connection-indicator';
import { useSession, useSignal } from '../session/hooks';
import { startSession, type Session } from '../session/session';

const PAGES = [
  { href: '/', label: 'Live' },
  { href: '/food', label: 'Food' },
  { href: '/profile', label: 'Profile' },
] as const;

function Header({ session }: { session: Session }) {
  const path = usePathname();
  const settings = useSignal(session.settings);
  const status = useSignal(session.legacy.status);
  const admin = useSignal(session.admin);
  const identity = useSignal(session.identity);
  const pages = admin ? [...PAGES, { href: '/admin', label: 'Admin' }] : PAGES;
  useEffect(() => {
    document.title = settings.customTitle || 'Nightscout';
  }, [settings.customTitle]);
  return (
    <header className="top">
      <span className="brand">{settings.customTitle || 'Nightscout'}</span>
      <nav aria-label="Pages">
        {pages.map((p) => (
          <Link key={p.href} href={p.href} prefetch={false} aria-current={path === p.href ? 'page' : undefined}>
            {p.label}
          </Link>
        ))}
        <Link href="/signin" prefetch={false} aria-current={path === '/signin' ? 'page' : undefined}>
          {identity.kind === 'none' ? 'Sign in' : 'Account'}
        </Link>
      </nav>
      <ConnectionIndicator status={status} />
    </header>
  );
}

// Connect as soon as this script runs in a browser rather than after hydration: the current
// glucose arrives sooner. (The static render at build time has no window and starts nothing.)
if (typeof window !== 'undefined') startSession();

/** Every page: the header with the connection, alarm banners, and the page. */
export function AppShell({ children }: { children: React.ReactNode }) {
  const session = useSession();
  return (
    <>
      {session ? <Header session={session} /> : <header className="top"><span className="brand">Nightscout</span></header>}
      {session && <AlarmBanners session={session} />}
      <main>{children}</main>
    </>
  );
}
