import { describe, expect, it } from 'vitest';
import { seatShortfall, seatsShort } from './seats';

describe('seatShortfall', () => {
  const open = { seatsFree: 21, waitingForSeats: 0, reserveSeatAtInvite: false };
  it('says nothing while every invitation, with those pending, finds a seat', () => {
    expect(seatShortfall(0, open)).toBeNull();
    expect(seatShortfall(21, open)).toBeNull();
    expect(seatShortfall(11, { ...open, waitingForSeats: 10 })).toBeNull();
  });
  it('says who gets in when the invitations outnumber the free seats', () => {
    expect(seatShortfall(1713, open)).toBe('1,713 invitations, 21 free seats: the first 21 to accept get in.');
    expect(seatShortfall(1, { ...open, seatsFree: 1, waitingForSeats: 40 })).toBe(
      '1 invitation and 40 already pending, 1 free seat: the first 1 to accept get in.',
    );
  });
  it('says only the first can be sent when each invitation holds a seat, and nobody when none is free', () => {
    expect(seatShortfall(30, { ...open, reserveSeatAtInvite: true })).toBe(
      '30 invitations, 21 free seats: each invitation holds a seat, so only the first 21 can be sent.',
    );
    expect(seatShortfall(21, { ...open, reserveSeatAtInvite: true, waitingForSeats: 99 })).toBeNull();
    expect(seatShortfall(2, { ...open, seatsFree: 0 })).toBe('No seat is free: these invitations are refused until seats are added.');
  });
});

describe('seatsShort', () => {
  const open = { seatsFree: 21, waitingForSeats: 0, reserveSeatAtInvite: false };
  it('counts the seats missing for every invitation, pending ones included unless each holds its seat', () => {
    expect(seatsShort(1713, open)).toBe(1692);
    expect(seatsShort(21, open)).toBe(0);
    expect(seatsShort(0, { ...open, seatsFree: 0, waitingForSeats: 5 })).toBe(0);
    expect(seatsShort(2, { ...open, seatsFree: 3, waitingForSeats: 4 })).toBe(3);
    expect(seatsShort(30, { ...open, reserveSeatAtInvite: true, waitingForSeats: 99 })).toBe(9);
  });
});
