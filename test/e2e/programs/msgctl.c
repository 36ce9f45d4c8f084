#include "e2e.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
struct msg { long type; char text[16]; };
int main(void)
{
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK("msgget", q >= 0);
	struct msg out = { 7, "queued" }, in = {0};
	CHECK("msgsnd", msgsnd(q, &out, sizeof out.text, 0) == 0);
	struct msqid_ds ds;
	CHECK("msgctl IPC_STAT", msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1);
	CHECK("msgrcv", msgrcv(q, &in, sizeof in.text, 7, 0) == sizeof in.text && strcmp(in.text, "queued") == 0);
	CHECK("msgctl IPC_RMID", msgctl(q, IPC_RMID, 0) == 0);
	int s = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	CHECK("semget", s >= 0);
	struct sembuf up = { 0, 2, 0 };
	CHECK("semop", semop(s, &up, 1) == 0 && semctl(s, 0, GETVAL) == 2);
	CHECK("semctl IPC_RMID", semctl(s, 0, IPC_RMID) == 0);
	int m = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	char *p = shmat(m, 0, 0);
	CHECK("shmat", p != (void *)-1);
	strcpy(p, "shared");
	struct shmid_ds sd;
	CHECK("shmctl IPC_STAT", shmctl(m, IPC_STAT, &sd) == 0 && sd.shm_segsz == 4096);
	CHECK("shmdt", shmdt(p) == 0);
	CHECK("shmctl IPC_RMID", shmctl(m, IPC_RMID, 0) == 0);
	DONE();
}
