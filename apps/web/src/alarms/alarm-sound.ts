/**
 * A generated alarm tone (Web Audio), so no sound file has to be fetched. Browsers only play
 * sound after the person interacted with the page, which is why the sound starts switched off.
 */
export class AlarmSound {
  private context?: AudioContext;
  private timer?: ReturnType<typeof setInterval>;

  /** Must run inside a click handler the first time (the browser's autoplay rule). */
  unlock(): void {
    this.context ??= new AudioContext();
    void this.context.resume();
  }

  start(urgent: boolean): void {
    this.stop();
    const beep = () => this.beep(urgent ? 880 : 660, urgent ? 0.35 : 0.25);
    beep();
    this.timer = setInterval(beep, urgent ? 1200 : 2500);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private beep(frequency: number, seconds: number): void {
    const ctx = this.context;
    if (!ctx) return;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.25, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + seconds);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start();
    oscillator.stop(ctx.currentTime + seconds);
  }
}
