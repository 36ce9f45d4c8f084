/* SysV IPC (DESIGN §3, IPC_64): message queues, semaphores, shared memory, IPC_STAT and IPC_RMID. */
#include "e2e_check.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

struct msg { long type; char text[32]; };
union semun { int val; struct semid_ds *buf; unsigned short *array; };

int main(void)
{
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (check(q >= 0, "msgget IPC_PRIVATE")) {
		struct msg m = { 2, "second type" }, m1 = { 1, "first type" }, in;
		check(msgsnd(q, &m, sizeof m.text, 0) == 0 && msgsnd(q, &m1, sizeof m1.text, 0) == 0, "msgsnd x2");
		struct msqid_ds ds;
		int sr = msgctl(q, IPC_STAT, &ds);
		check(sr == 0 && ds.msg_qnum == 2 && (ds.msg_perm.mode & 0777) == 0600, "msgctl IPC_STAT: qnum=%lu mode=%o",
		      (unsigned long)ds.msg_qnum, (unsigned)(ds.msg_perm.mode & 0777));
		check(ds.msg_stime != 0, "msg_stime set");
		check(msgrcv(q, &in, sizeof in.text, 1, 0) == sizeof in.text && strcmp(in.text, "first type") == 0, "msgrcv by type 1: %s", in.text);
		ssize_t rr = msgrcv(q, &in, sizeof in.text, 0, 0);
		check(rr == sizeof in.text && in.type == 2, "msgrcv any: type %ld", in.type);
		expect_errno(msgrcv(q, &in, sizeof in.text, 0, IPC_NOWAIT), ENOMSG, "msgrcv empty IPC_NOWAIT");
		ds.msg_perm.mode = 0640;
		check(msgctl(q, IPC_SET, &ds) == 0 && msgctl(q, IPC_STAT, &ds) == 0 && (ds.msg_perm.mode & 0777) == 0640, "msgctl IPC_SET mode 0640");
		check(msgctl(q, IPC_RMID, NULL) == 0, "msgctl IPC_RMID");
		expect_errno(msgsnd(q, &m, sizeof m.text, 0), EINVAL, "msgsnd after IPC_RMID");
	}

	int s = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	if (check(s >= 0, "semget 3 semaphores")) {
		union semun arg = { .val = 5 };
		check(semctl(s, 1, SETVAL, arg) == 0 && semctl(s, 1, GETVAL) == 5, "semctl SETVAL/GETVAL 5");
		unsigned short vals[3] = { 1, 2, 3 }, out[3] = { 0 };
		arg.array = vals;
		check(semctl(s, 0, SETALL, arg) == 0, "semctl SETALL");
		arg.array = out;
		check(semctl(s, 0, GETALL, arg) == 0 && out[0] == 1 && out[1] == 2 && out[2] == 3, "semctl GETALL 1 2 3");
		struct sembuf ops[2] = { { 0, -1, 0 }, { 2, 2, 0 } };
		check(semop(s, ops, 2) == 0 && semctl(s, 0, GETVAL) == 0 && semctl(s, 2, GETVAL) == 5, "semop -1/+2");
		struct sembuf wouldblock = { 0, -1, IPC_NOWAIT };
		expect_errno(semop(s, &wouldblock, 1), EAGAIN, "semop would block");
		struct timespec to = { 0, 10000000 };
		expect_errno(semtimedop(s, &(struct sembuf){ 0, -1, 0 }, 1, &to), EAGAIN, "semtimedop times out");
		struct semid_ds sds;
		arg.buf = &sds;
		int sr = semctl(s, 0, IPC_STAT, arg);
		check(sr == 0 && sds.sem_nsems == 3, "semctl IPC_STAT nsems=%lu", (unsigned long)sds.sem_nsems);
		check(semctl(s, 0, IPC_RMID) == 0, "semctl IPC_RMID");
		expect_errno(semctl(s, 0, GETVAL), EINVAL, "semctl after IPC_RMID");
	}

	int m = shmget(IPC_PRIVATE, 65536, IPC_CREAT | 0600);
	if (check(m >= 0, "shmget 64 KiB")) {
		char *p = shmat(m, NULL, 0);
		check(p != (void *)-1, "shmat");
		strcpy(p, "shared memory");
		char *p2 = shmat(m, NULL, SHM_RDONLY);
		check(p2 != (void *)-1 && strcmp(p2, "shared memory") == 0, "second attach sees the data");
		struct shmid_ds ds;
		int sr = shmctl(m, IPC_STAT, &ds);
		check(sr == 0 && ds.shm_segsz == 65536 && ds.shm_nattch == 2, "shmctl IPC_STAT: size=%lu nattch=%lu",
		      (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch);
		check(shmdt(p2) == 0 && shmdt(p) == 0, "shmdt x2");
		check(shmctl(m, IPC_RMID, NULL) == 0, "shmctl IPC_RMID");
		expect_errno(shmat(m, NULL, 0) == (void *)-1 ? -1 : 0, EINVAL, "shmat after IPC_RMID");
	}
	expect_errno(msgctl(-1, IPC_RMID, NULL), EINVAL, "msgctl(-1, IPC_RMID)");
	return e2e_done();
}
