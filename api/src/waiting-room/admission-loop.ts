import type { AdmissionRound } from './queue';
import type { WaitingRoomService } from './waiting-room-service';

/**
 * Runs an admission round for every event with a queue, every `intervalMs`, in every API process:
 * the rounds are atomic in the queue, so several processes only share the work. Each round's
 * result goes to the buyers watching that queue.
 */
export class AdmissionLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly waitingRoom: WaitingRoomService,
    private readonly onRound: (eventId: string, round: AdmissionRound) => void,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.roundForEveryEvent().finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async roundForEveryEvent(): Promise<void> {
    try {
      for (const eventId of await this.waitingRoom.activeEvents()) {
        const round = await this.waitingRoom.admitRound(eventId);
        if (round) this.onRound(eventId, round);
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
